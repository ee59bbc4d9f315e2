package org.vireo.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Small messages to the other portal nodes: PostgreSQL's NOTIFY on one channel, heard by every node through a
 * connection of its own that LISTENs (re-opened when it breaks). A node does not hear its own messages. With the
 * embedded H2 database there are no other nodes and nothing is sent.
 */
@Component
public class ClusterBus implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ClusterBus.class);
    private static final String CHANNEL = "vireo_bus";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes and more. */
    public static final int MAX_PAYLOAD = 7000;

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final DataSourceProperties properties;
    private final String nodeId;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean postgres;
    private volatile boolean running = true;
    private Thread listener;

    ClusterBus(JdbcTemplate jdbc, DataSource dataSource, DataSourceProperties properties, NodeLease lease) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.properties = properties;
        this.nodeId = lease.nodeId();
    }

    /** Delivers {@code payload} to the subscribers of {@code topic} on every other node. */
    public void send(String topic, String payload) {
        if (!postgres) {
            return;
        }
        String message = nodeId + "|" + topic + "|" + payload;
        if (message.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("cluster message too long");
        }
        try {
            jdbc.queryForObject("select pg_notify(?, ?)", Object.class, CHANNEL, message);
        } catch (RuntimeException e) {
            log.warn("cluster message on {} not sent: {}", topic, e.getMessage());
        }
    }

    public void subscribe(String topic, Consumer<String> consumer) {
        subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(consumer);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        try (Connection c = dataSource.getConnection()) {
            postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            log.warn("cannot tell the database kind: {}", e.getMessage());
        }
        if (!postgres) {
            return;
        }
        listener = new Thread(this::listen, "vireo-cluster-bus");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen() {
        while (running) {
            try (Connection c = DriverManager.getConnection(
                    properties.determineUrl(), properties.determineUsername(), properties.determinePassword())) {
                try (var s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                log.info("listening for other portal nodes' messages");
                var pg = c.unwrap(PGConnection.class);
                while (running) {
                    var notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (var n : notifications) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("cluster listener: {} (reconnecting in 1 s)", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void deliver(String message) {
        String[] parts = message.split("\\|", 3);
        if (parts.length != 3 || parts[0].equals(nodeId)) {
            return;
        }
        for (var consumer : subscribers.getOrDefault(parts[1], List.of())) {
            try {
                consumer.accept(parts[2]);
            } catch (RuntimeException e) {
                log.warn("cluster message on {} not handled: {}", parts[1], e.toString());
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
