package org.vireo.base;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Makes every commit to the embedded H2 file database durable against the portal process dying. H2's MVStore writes
 * committed changes to its file only every {@code WRITE_DELAY} (500 ms) and has no setting to write at commit, so a
 * portal killed (SIGKILL, OOM killer, power cut of the JVM) within that window lost transactions it had committed
 * and acted on: a machine defined on its host whose row was gone, an operation that had ended found running again.
 * Here a {@code CHECKPOINT} (about 1 ms; a no-op when nothing changed) follows every commit: {@code commit()} of a
 * transaction, and every changing statement run in auto-commit. PostgreSQL needs none of this.
 */
@Component
class DurableH2 implements BeanPostProcessor {
    private static final Set<String> CHANGING =
            Set.of("execute", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private final boolean h2File;

    DurableH2(@Value("${spring.datasource.url:}") String url) {
        this.h2File = url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:/");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (h2File && bean instanceof DataSource dataSource && !(bean instanceof Checkpointing)) {
            return new Checkpointing(dataSource);
        }
        return bean;
    }

    /** The data source whose connections write what they commit before the commit returns. */
    static final class Checkpointing extends DelegatingDataSource {
        Checkpointing(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return durable(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return durable(super.getConnection(username, password));
        }
    }

    static Connection durable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                DurableH2.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Handler(connection, connection));
    }

    /** Checkpoints after a connection's commit and after a statement's change in auto-commit. */
    private record Handler(Object target, Connection connection) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("unwrap")
                    && args != null
                    && args[0] instanceof Class<?> type
                    && type.isInstance(proxy)) {
                return proxy;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            String name = method.getName();
            if (target == connection && name.equals("commit")) {
                checkpoint(connection);
            } else if (target != connection && CHANGING.contains(name) && connection.getAutoCommit()) {
                checkpoint(connection);
            } else if (result instanceof Statement statement && target == connection) {
                Class<?> type = method.getReturnType(); // Statement, PreparedStatement or CallableStatement
                return Proxy.newProxyInstance(
                        DurableH2.class.getClassLoader(), new Class<?>[] {type}, new Handler(statement, connection));
            }
            return result;
        }
    }

    private static void checkpoint(Connection connection) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }
}
