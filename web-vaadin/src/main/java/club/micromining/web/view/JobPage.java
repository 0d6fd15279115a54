package club.micromining.web.view;

import club.micromining.pool.view.JobView;
import club.micromining.web.component.Formats;
import club.micromining.web.live.LiveFeed;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.Optional;

/**
 * The job miners are hashing, decoded from the coinbase they get: where a found block's reward goes, and
 * what the pool wrote into it (template transparency).
 */
@Route(value = "job", layout = MainLayout.class)
@PageTitle("MicroMining · Current job")
public class JobPage extends Page {
    private Div body;
    private String shownJob;

    @Override
    protected boolean live() {
        return true;
    }

    @Override
    protected void render() {
        add(heading("job.title"), new Paragraph(getTranslation("job.intro")));
        body = new Div();
        body.setWidthFull();
        add(body);
        shownJob = null;
        show(ctx().port().currentJob());
    }

    @Override
    protected void refresh(LiveFeed.Snapshot s) {
        show(ctx().port().currentJob());
    }

    private void show(Optional<JobView> job) {
        if (job.isEmpty()) {
            body.removeAll();
            body.add(new Paragraph(getTranslation("job.none")));
            return;
        }
        JobView j = job.get();
        if (j.jobId().equals(shownJob)) {
            return;
        }
        shownJob = j.jobId();
        Formats f = formats();
        body.removeAll();
        Span height = new Span(f.number(j.height()));
        height.setId("job-height");
        body.add(tiles(tile(getTranslation("job.height"), height), tile(getTranslation("job.transactions"), new Span(f.number(j.transactions()))),
                tile(getTranslation("job.fees"), new Span(f.sats(j.feesSat() * 1000))),
                tile(getTranslation("job.value"), new Span(f.sats(j.coinbaseValueSat() * 1000))),
                tile(getTranslation("job.difficulty"), new Span(f.difficulty(j.networkDifficulty())))));
        body.add(new Paragraph(getTranslation("job.prev") + " " + j.prevHash()));
        body.add(new Paragraph(getTranslation("job.id") + " " + j.jobId() + " · version " + j.version() + " · bits " + j.bits()
                + " · " + f.dateTime(j.time())));
        Span tag = new Span(j.poolTag());
        tag.setId("job-tag");
        body.add(new Paragraph(new Span(getTranslation("job.tag") + " "), tag));
        Grid<JobView.Output> outputs = new Grid<>();
        outputs.setId("job-outputs");
        outputs.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        outputs.setAllRowsVisible(true);
        outputs.addColumn(o -> getTranslation("job.kind." + o.kind().name())).setHeader(getTranslation("job.output"));
        outputs.addColumn(o -> f.sats(o.valueSat() * 1000)).setHeader(getTranslation("job.amount"));
        outputs.addColumn(o -> o.address() == null ? "—" : o.address()).setHeader(getTranslation("job.address")).setFlexGrow(3);
        outputs.addColumn(JobView.Output::scriptHex).setHeader(getTranslation("job.script")).setFlexGrow(3);
        outputs.setItems(j.outputs());
        body.add(outputs);
        TextArea raw = new TextArea(getTranslation("job.coinbase"));
        raw.setValue(j.coinbaseHex());
        raw.setReadOnly(true);
        raw.setWidthFull();
        body.add(raw);
    }
}
