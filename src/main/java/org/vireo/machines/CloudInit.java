package org.vireo.machines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** NoCloud seed contents, written by a YAML library from validated values (no text templating). */
final class CloudInit {
    private CloudInit() {
    }

    static String metaData(UUID machineId, String hostname) {
        var m = new LinkedHashMap<String, Object>();
        m.put("instance-id", machineId.toString());
        m.put("local-hostname", hostname);
        return yaml().dump(m);
    }

    static String userData(String hostname, List<String> sshKeys) {
        var m = new LinkedHashMap<String, Object>();
        m.put("hostname", hostname);
        m.put("ssh_authorized_keys", sshKeys);
        return "#cloud-config\n" + yaml().dump(m);
    }

    private static Yaml yaml() {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        return new Yaml(options);
    }
}
