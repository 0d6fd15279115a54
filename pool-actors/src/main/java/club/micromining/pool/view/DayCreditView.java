package club.micromining.pool.view;

import java.time.LocalDate;

/** What an account was credited on a UTC day (accruals and block rewards), in msat. */
public record DayCreditView(LocalDate day, long msat) {
}
