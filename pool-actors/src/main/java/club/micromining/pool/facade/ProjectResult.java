package club.micromining.pool.facade;

/** What became of a member's action on a project (propose, edit, withdraw, comment, vote). */
public sealed interface ProjectResult {

    /** Done; {@code project} names the project acted on. */
    record Done(String project) implements ProjectResult {
    }

    /** Not done, and why (a sentence for the member). */
    record Refused(String reason) implements ProjectResult {
    }
}
