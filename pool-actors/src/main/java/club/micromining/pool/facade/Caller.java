package club.micromining.pool.facade;

/** Who asks the facade to change an account: the operator (admin token), or a logged-in member's wallet. */
public sealed interface Caller {

    /** The node's operator: may change any account. */
    record Operator() implements Caller {
    }

    /** A member logged in with this wallet's linking key: may change only the accounts that wallet claimed. */
    record Wallet(String linkingKey) implements Caller {
    }
}
