package club.micromining.pool.view;

/**
 * What one UTC month gave the club's funds and how much work the pool did in it.
 *
 * @param difficulty credited difficulty of all shares this month
 */
public record MonthView(String month, long projectFundMsat, long rafflePotMsat, double difficulty) {
}
