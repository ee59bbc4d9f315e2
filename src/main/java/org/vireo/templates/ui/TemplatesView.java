package org.vireo.templates.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/** Templates machines can be created from. */
@Route("templates")
@PermitAll
@Menu(order = 20, title = "nav.templates", icon = "vaadin:package")
class TemplatesView extends VerticalLayout implements HasDynamicTitle {

    TemplatesView(TemplateService templates) {
        setId("templates-view");
        setSizeFull();
        var grid = new Grid<Template>();
        grid.setId("templates-grid");
        grid.addColumn(Template::name).setHeader(getTranslation("templates.name")).setFlexGrow(3);
        grid.addColumn(t -> getTranslation("templates.kind." + t.kind().name())).setHeader(getTranslation("templates.kind"));
        grid.addColumn(Template::vcpus).setHeader(getTranslation("templates.vcpus"));
        grid.addColumn(t -> getTranslation("unit.mib", t.memoryMiB())).setHeader(getTranslation("templates.memory"));
        grid.addColumn(t -> getTranslation("unit.gib", t.diskGiB())).setHeader(getTranslation("templates.disk"));
        grid.setItems(templates.list());
        add(new H2(getTranslation("templates.title")), grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("templates.title") + " · Vireo";
    }
}
