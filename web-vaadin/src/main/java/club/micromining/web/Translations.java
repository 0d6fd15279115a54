package club.micromining.web;

import com.vaadin.flow.i18n.DefaultI18NProvider;
import java.util.List;
import java.util.Locale;

/**
 * The texts of {@code vaadin-i18n/translations_*.properties} in a fixed order: a browser asking for
 * Spanish or English gets it; any other gets English, whatever order the jar lists the files in.
 */
public class Translations extends DefaultI18NProvider {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale SPANISH = new Locale("es");

    public Translations() {
        super(List.of(ENGLISH, SPANISH));
    }
}
