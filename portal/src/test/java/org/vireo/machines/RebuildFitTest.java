package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.vireo.base.InvalidInputException;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;

/**
 * Which templates a machine may be rebuilt from ({@link MachineRebuilds#checkFits}): it keeps its sizes, so the
 * template's minimums must fit them, and an ISO is no template to install from.
 */
class RebuildFitTest {
    /** 2 vCPUs, 2048 MiB, 20 GiB. */
    private final Machine machine = Examples.machine(MachineState.RUNNING);

    private InvalidInputException refusal(Template template) {
        return catchThrowableOfType(InvalidInputException.class, () -> MachineRebuilds.checkFits(machine, template));
    }

    @Test
    void aTemplateWhoseMinimumsTheMachineMeetsExactlyOrExceedsFits() {
        assertThatCode(() -> MachineRebuilds.checkFits(machine, Examples.template(TemplateKind.IMAGE, 2, 2048, 20)))
                .doesNotThrowAnyException();
        assertThatCode(() -> MachineRebuilds.checkFits(machine, Examples.template(TemplateKind.KERNEL, 1, 256, 1)))
                .doesNotThrowAnyException();
    }

    @Test
    void anIsoIsRefusedWhateverItsSize() {
        var refused = refusal(Examples.template(TemplateKind.ISO, 1, 1, 1));
        assertThat(refused.field()).isEqualTo("templateId");
        assertThat(refused.messageKey()).isEqualTo("machines.template-is-iso");
    }

    @Test
    void aTooSmallDiskIsRefusedNamingTheMinimumDiskAndMemory() {
        var refused = refusal(Examples.template(TemplateKind.IMAGE, 1, 512, 21));
        assertThat(refused.field()).isEqualTo("templateId");
        assertThat(refused.messageKey()).isEqualTo("machines.rebuild-too-small");
        assertThat(refused.args()).containsExactly(21, 512);
    }

    @Test
    void tooLittleMemoryIsRefused() {
        var refused = refusal(Examples.template(TemplateKind.IMAGE, 1, 2049, 10));
        assertThat(refused.messageKey()).isEqualTo("machines.rebuild-too-small");
        assertThat(refused.args()).containsExactly(10, 2049);
    }

    @Test
    void tooFewVcpusAreRefusedThoughTheMessageNamesOnlyDiskAndMemory() {
        var refused = refusal(Examples.template(TemplateKind.IMAGE, 3, 512, 10));
        assertThat(refused.messageKey()).isEqualTo("machines.rebuild-too-small");
        assertThat(refused.args()).containsExactly(10, 512);
    }
}
