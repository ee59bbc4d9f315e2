package org.vireo.quotas;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;

/**
 * A view component (shared by the machines list and the dashboard): one bar per limited resource: used + reserved
 * against the limit, marked when over quota.
 */
public class QuotaBars extends Div {
    public QuotaBars() {
        setId("quota-bars");
        addClassName("vireo-quota-bars");
    }

    public void show(QuotaView q) {
        removeAll();
        bar("machines", q.used().machines(), q.reserved().machines(), q.limits().machines());
        bar("vcpus", q.used().vcpus(), q.reserved().vcpus(), q.limits().vcpus());
        bar(
                "memoryMiB",
                q.used().memoryMiB(),
                q.reserved().memoryMiB(),
                q.limits().memoryMiB());
        bar("diskGiB", q.used().diskGiB(), q.reserved().diskGiB(), q.limits().diskGiB());
        bar(
                "snapshots",
                q.used().snapshots(),
                q.reserved().snapshots(),
                q.limits().snapshots());
        bar("ipv4", q.used().ipv4(), q.reserved().ipv4(), q.limits().ipv4());
        bar(
                "backupGiB",
                q.used().backupGiB(),
                q.reserved().backupGiB(),
                q.limits().backupGiB());
    }

    private void bar(String resource, int used, int reserved, int limit) {
        var label = new Span(
                getTranslation("quotas.bar", getTranslation("quotas.resource." + resource), used, reserved, limit));
        label.setId("quota-" + resource);
        var bar = new ProgressBar(0, Math.max(1, limit), Math.min(Math.max(1, limit), used + reserved));
        // named by its label for screen readers (a bar alone says only a percentage)
        bar.getElement().setAttribute("aria-labelledby", "quota-" + resource);
        if (used + reserved > limit) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
            label.setText(label.getText() + " · " + getTranslation("quotas.over"));
        }
        var cell = new Div(label, bar);
        cell.addClassName("vireo-quota-bar");
        add(cell);
    }
}
