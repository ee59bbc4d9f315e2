package org.vireo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.modulith.core.ApplicationModules;
import org.vireo.hypervisor.Hypervisor;

class ModularityTests {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vireo");

    /** Each module's {@code package-info.java} names the modules it may use; no cycles; only their public API. */
    @Test
    void featuresOnlyUseTheModulesTheyNameThroughTheirPublicApiAndHaveNoCycles() {
        ApplicationModules.of(VireoApplication.class).verify();
    }

    /** A view calls services: never a repository, the hypervisor port or the libvirt adapter. */
    @Test
    void viewsUseServicesOnly() {
        noClasses()
                .that()
                .resideInAPackage("org.vireo..ui..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Repository.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Hypervisor.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("org.vireo.hypervisor.libvirt..")
                .because("views call services, which authorize and scope every read and change")
                .check(CLASSES);
    }
}
