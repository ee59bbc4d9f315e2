package org.vireo.base;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database outage (server down, connection refused or cut, pool timed out) from other errors, so users
 * get "database unavailable, try again shortly" instead of an internal error. The pool reconnects by itself.
 */
public final class DatabaseOutage {
    private DatabaseOutage() {}

    /** When a REST client may try again, sent as {@code Retry-After} with {@link #problem}. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** The 503 problem a REST call gets during an outage (send it with {@code Retry-After}). */
    static ProblemDetail problem(Messages messages, Locale locale) {
        return Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database-unavailable",
                messages.get("problem.database-unavailable", locale),
                messages.get("problem.database-unavailable.detail", locale));
    }

    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof JDBCConnectionException) {
                return true;
            }
            // 08: connection exceptions; 57P0x: the server is shutting down, starting up or was stopped.
            if (t instanceof SQLException s
                    && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P0"))) {
                return true;
            }
            // A pooled connection the server dropped: the rollback after the failed statement reports only this.
            if (t instanceof SQLException s
                    && s.getMessage() != null
                    && (s.getMessage().contains("Connection is closed")
                            || s.getMessage().contains("connection has been closed"))) {
                return true;
            }
        }
        return false;
    }
}
