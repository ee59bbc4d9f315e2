package org.vireo.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that commits to the H2 file database through {@link DurableH2} and dies at once (as SIGKILL would end
 * it: no shutdown, nothing flushed) has written what it committed: in a transaction and in auto-commit. Without it,
 * H2 kept such changes in memory for up to 500 ms, and they were lost (seen here 3 times out of 3).
 */
class DurableH2Test {
    @TempDir
    Path dir;

    @Test
    void whatWasCommittedSurvivesTheProcess() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (var db = DriverManager.getConnection(url, "vireo", "")) {
            db.createStatement().execute("create table t (k varchar(10) primary key, v int)");
            db.createStatement().execute("insert into t values ('auto', 0), ('tx', 0)");
        }
        var child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        url)
                .inheritIO()
                .start();
        assertThat(child.waitFor()).as("the child halted itself").isEqualTo(9);
        try (var db = DriverManager.getConnection(url, "vireo", "")) {
            var rows = db.createStatement().executeQuery("select k, v from t order by k");
            var values = new ArrayList<String>();
            while (rows.next()) {
                values.add(rows.getString(1) + "=" + rows.getInt(2));
            }
            assertThat(values).isEqualTo(List.of("auto=1", "tx=1"));
        }
    }

    /** Commits both ways, after H2's background writer has had its turn, and halts right after. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            var db = DurableH2.durable(DriverManager.getConnection(args[0], "vireo", ""));
            Thread.sleep(1500);
            db.createStatement().executeUpdate("update t set v = 1 where k = 'auto'");
            db.setAutoCommit(false);
            try (var update = db.prepareStatement("update t set v = ? where k = ?")) {
                update.setInt(1, 1);
                update.setString(2, "tx");
                update.executeUpdate();
            }
            db.commit();
            Runtime.getRuntime().halt(9);
        }
    }
}
