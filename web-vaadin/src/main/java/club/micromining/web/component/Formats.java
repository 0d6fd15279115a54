package club.micromining.web.component;

import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/**
 * Numbers, sats, hash rates and times as the reader's locale writes them. Money stays integer msat until
 * here: only its display has a decimal point.
 */
public final class Formats {
    private static final String[] RATE_UNITS = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"};
    private static final String[] SI = {"", "k", "M", "G", "T", "P", "E"};

    private final Locale locale;
    private final ZoneId zone;

    public Formats(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
    }

    public Locale locale() {
        return locale;
    }

    /** Millisatoshi as sats, with the msat as decimals only when there are any: "1.234,5 sats". */
    public String sats(long msat) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(3);
        f.setMinimumFractionDigits(0);
        long whole = msat / 1000;
        long frac = Math.abs(msat % 1000);
        String s = f.format(whole);
        if (frac != 0) {
            String decimals = String.format(Locale.ROOT, "%03d", frac).replaceAll("0+$", "");
            char sep = DecimalFormatSymbols.getInstance(locale).getDecimalSeparator();
            s = (msat < 0 && whole == 0 ? "-" : "") + s + sep + decimals;
        }
        return s + " sats";
    }

    public String number(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    public String decimal(double d, int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(digits);
        f.setMinimumFractionDigits(digits);
        return f.format(d);
    }

    public String percent(double fraction) {
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMaximumFractionDigits(1);
        return f.format(fraction);
    }

    public String hashrate(double hashesPerSecond) {
        int unit = 0;
        double v = hashesPerSecond;
        while (v >= 1000 && unit < RATE_UNITS.length - 1) {
            v /= 1000;
            unit++;
        }
        return decimal(v, v < 10 ? 2 : v < 100 ? 1 : 0) + " " + RATE_UNITS[unit];
    }

    /** A difficulty the way miners read it: 1.23 G, 456 k. */
    public String difficulty(double d) {
        int unit = 0;
        double v = d;
        while (v >= 1000 && unit < SI.length - 1) {
            v /= 1000;
            unit++;
        }
        if (unit == 0 && v < 1) {
            return NumberFormat.getNumberInstance(locale).format(v);
        }
        return decimal(v, v < 10 ? 2 : v < 100 ? 1 : 0) + (SI[unit].isEmpty() ? "" : " " + SI[unit]);
    }

    public String dateTime(Instant at) {
        return at == null ? "—" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale).withZone(zone).format(at);
    }

    public String time(Instant at) {
        return at == null ? "—" : DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM).withLocale(locale).withZone(zone).format(at);
    }

    public String hourMinute(Instant at) {
        return DateTimeFormatter.ofPattern("HH:mm", locale).withZone(zone).format(at);
    }

    public String date(LocalDate day) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale).format(day);
    }

    public String euros(long eur) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(Currency.getInstance("EUR"));
        f.setMaximumFractionDigits(0);
        return f.format(eur);
    }
}
