package club.micromining.web.view;

import club.micromining.pool.view.BlockView;
import club.micromining.web.component.Formats;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/** The blocks the pool submitted, with the chain's verdict and, where they are divided, how. */
@Route(value = "blocks", layout = MainLayout.class)
@PageTitle("MicroMining · Blocks")
public class BlocksPage extends Page {

    @Override
    protected void render() {
        add(heading("blocks.title"));
        Formats f = formats();
        Grid<BlockView> grid = new Grid<>();
        grid.setId("blocks");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(b -> f.number(b.height())).setHeader(getTranslation("blocks.height"));
        grid.addColumn(BlockView::hash).setHeader(getTranslation("blocks.hash")).setFlexGrow(3);
        grid.addColumn(BlockView::finder).setHeader(getTranslation("blocks.finder")).setFlexGrow(2);
        grid.addColumn(b -> b.accepted() ? getTranslation("blocks.accepted")
                : getTranslation("blocks.refused", b.reason() == null ? "" : b.reason())).setHeader(getTranslation("blocks.verdict"));
        grid.addColumn(b -> b.reward() == null ? "—" : b.reward().scheme() + " · " + f.sats(b.reward().valueMsat()))
                .setHeader(getTranslation("blocks.reward")).setFlexGrow(2);
        grid.addColumn(b -> f.dateTime(b.foundAt())).setHeader(getTranslation("common.when")).setFlexGrow(2);
        add(grid);
        load(ctx().port().blocks(100), grid::setItems);
    }
}
