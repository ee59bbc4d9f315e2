package org.vireo.machines;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;

/**
 * A template's files where a machine's host can use them: on the portal's own host where the library keeps them,
 * on any other host copied into its pool (once per host and template; each 10 % shows in the machine's state).
 * Machines built on this node wait for a copy in progress to the same host.
 */
@Component
class TemplateStaging {
    private final MachineTransitions transitions;
    private final Map<String, Object> copies = new ConcurrentHashMap<>();

    TemplateStaging(MachineTransitions transitions) {
        this.transitions = transitions;
    }

    record TemplateFiles(Path base, Path kernel, Path initrd) {}

    TemplateFiles stage(UUID machineId, Template template, Hypervisor hypervisor, boolean local, String hostName) {
        if (local) {
            return files(template);
        }
        var shown = new int[] {-1};
        DoubleConsumer progress = share -> {
            int percent = (int) (share * 100) / 10 * 10;
            if (percent != shown[0]) {
                shown[0] = percent;
                transitions.update(
                        machineId, e -> e.building("copying template " + template.name() + ": " + percent + " %"));
            }
        };
        var copied = copyOnce(template, hypervisor, hostName, progress);
        transitions.update(machineId, e -> e.building(null));
        return copied;
    }

    /**
     * The template's files on a registered host for a machine that keeps its state meanwhile (one moving there):
     * copied once, as for a create, without progress on the machine.
     */
    void stageQuietly(Template template, Hypervisor hypervisor, String hostName) {
        copyOnce(template, hypervisor, hostName, share -> {});
    }

    private static TemplateFiles files(Template template) {
        return new TemplateFiles(
                template.kind() == TemplateKind.IMAGE ? template.image() : null, template.kernel(), template.initrd());
    }

    /** Copies to one host wait for each other (the second finds the first's marked copy). */
    private TemplateFiles copyOnce(Template template, Hypervisor hypervisor, String hostName, DoubleConsumer progress) {
        String prefix = MachineNames.templatePrefix(template.id());
        synchronized (copies.computeIfAbsent(hostName + "/" + prefix, k -> new Object())) {
            return copy(files(template), hypervisor, prefix, progress);
        }
    }

    private static TemplateFiles copy(
            TemplateFiles files, Hypervisor hypervisor, String prefix, DoubleConsumer progress) {
        Path base = files.base() == null ? null : hypervisor.copyToPool(prefix + ".base", files.base(), progress);
        Path kernel =
                files.kernel() == null ? null : hypervisor.copyToPool(prefix + ".kernel", files.kernel(), progress);
        Path initrd =
                files.initrd() == null ? null : hypervisor.copyToPool(prefix + ".initrd", files.initrd(), progress);
        return new TemplateFiles(base, kernel, initrd);
    }
}
