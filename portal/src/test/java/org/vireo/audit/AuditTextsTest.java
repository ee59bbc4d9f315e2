package org.vireo.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vireo.machines.MachineAction;

/**
 * Every action the code audits has its words in English and German: the audit log, the dashboard and a machine's
 * page never show a code like {@code machine.rescue}.
 */
class AuditTextsTest {
    /** The action literal of an {@code audit.record(…)} or {@code audit.refused(…)} call (actor, tenant, action …). */
    private static final Pattern CALL = Pattern.compile(
            "audit\\.(?:record|refused)\\(\\s*[^,;]+,\\s*[^,;]+,\\s*\"([a-z][a-z.-]*)\"", Pattern.DOTALL);
    /** Operations run by OperationRunner name their action as {@code on(machine, ACTION, "action", …)}. */
    private static final Pattern RUNNER =
            Pattern.compile("\\.on\\([^,;]+,\\s*MachineAction\\.[A-Z]+,\\s*\"([a-z.-]+)\"");

    @Test
    void everyAuditedActionHasItsWordsInBothLanguages() throws IOException {
        var found = new TreeSet<String>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                for (var p : new Pattern[] {CALL, RUNNER}) {
                    var m = p.matcher(code);
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                }
            }
        }
        // a refused state change is audited as "machine." + the action's name
        for (var a : MachineAction.values()) {
            found.add("machine." + a.name().toLowerCase());
        }
        found.remove("machine.console"); // tickets are audited as console.*
        found.removeIf(a -> a.endsWith(".")); // the first part of "machine." + action, added above
        assertThat(found).as("actions found in the code").contains("machine.rescue", "machine.create", "login");
        assertThat(AuditTexts.ACTIONS).as("AuditTexts.ACTIONS").containsAll(found);
        for (String language : new String[] {"en", "de"}) {
            var texts = new Properties();
            try (var in = new InputStreamReader(
                    getClass().getResourceAsStream("/messages_" + language + ".properties"), StandardCharsets.UTF_8)) {
                texts.load(in);
            }
            for (String action : AuditTexts.ACTIONS) {
                assertThat(texts.getProperty("audit.action." + action))
                        .as(language + ": " + action)
                        .isNotBlank();
            }
        }
    }
}
