package club.micromining.web;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.component.page.Viewport;
import com.vaadin.flow.theme.Theme;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page around every view: server push for live figures, a viewport for phones, Lumo (dark unless a
 * reader chooses light, per browser session: MainLayout). Only Vaadin's own components and plain HTML/SVG:
 * the pre-compiled production bundle serves them, so nothing needs Node.js.
 */
@Push
@Viewport("width=device-width, initial-scale=1")
@Meta(name = "description", content = "MicroMining Social Pool")
@Theme(themeClass = Lumo.class)
public class AppShell implements AppShellConfigurator {
}
