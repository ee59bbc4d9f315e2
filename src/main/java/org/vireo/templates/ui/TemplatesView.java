package org.vireo.templates.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.vireo.audit.AuditSource;
import org.vireo.base.ErrorTexts;
import org.vireo.security.Roles;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/** Templates machines can be created from. */
@Route("templates")
@PermitAll
@Menu(order = 20, title = "nav.templates", icon = "vaadin:package")
class TemplatesView extends VerticalLayout implements HasDynamicTitle {

    TemplatesView(TemplateService templates, AuthenticationContext auth) {
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
        add(new H2(getTranslation("templates.title")));
        if (auth.hasRole(Roles.ADMIN)) {
            var name = new TextField(getTranslation("templates.name"));
            name.setId("template-name");
            var path = new TextField(getTranslation("templates.image-path"));
            path.setId("template-image");
            path.setWidth("28em");
            var cloudInit = new Checkbox(getTranslation("templates.cloud-init"));
            var error = new Span();
            error.addClassName("vireo-error");
            var register = new Button(getTranslation("templates.register"), e -> {
                try {
                    templates.registerImage(name.getValue(), Path.of(path.getValue()), null, null, null,
                            cloudInit.getValue(), AuditSource.UI);
                    error.setText("");
                    grid.setItems(templates.list());
                } catch (InvalidPathException ex) {
                    error.setText(getTranslation("templates.file-missing"));
                } catch (RuntimeException ex) {
                    error.setText(ErrorTexts.of(this, ex));
                }
            });
            register.setId("register-template");
            var form = new HorizontalLayout(name, path, cloudInit, register, error);
            form.setAlignItems(Alignment.BASELINE);
            // Or upload a qcow2 image; the component shows the transfer's progress.
            var upload = new Upload();
            upload.setId("template-upload");
            upload.setMaxFileSize(Integer.MAX_VALUE);
            upload.setAcceptedFileTypes(".qcow2");
            upload.setDropLabel(new Span(getTranslation("templates.upload")));
            var ui = UI.getCurrent();
            upload.setUploadHandler(UploadHandler.toFile((meta, file) -> {
                String label = name.getValue().isBlank() ? meta.fileName().replaceAll("\\.qcow2$", "") : name.getValue();
                try {
                    templates.registerImage(label, file.toPath(), null, null, null, cloudInit.getValue(),
                            AuditSource.UI);
                    ui.access(() -> {
                        error.setText("");
                        grid.setItems(templates.list());
                    });
                } catch (RuntimeException ex) {
                    java.nio.file.Files.deleteIfExists(file.toPath());
                    ui.access(() -> error.setText(ErrorTexts.of(this, ex)));
                }
            }, meta -> templates.newUploadFile().toFile()));
            add(form, upload);
        }
        add(grid);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("templates.title") + " · Vireo";
    }
}
