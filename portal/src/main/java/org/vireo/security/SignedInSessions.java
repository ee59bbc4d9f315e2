package org.vireo.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.filter.OncePerRequestFilter;
import org.vireo.base.IpText;
import org.vireo.base.Locales;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * The browser sessions each user is signed in with, so that removing a user or changing their role ends them at
 * once (also open pages with a live connection: the Vaadin session goes with the HTTP session). A session is
 * known from its first signed-in request, whichever way it signed in (password, second factor, single sign-on);
 * that request also tells the user's language and address ({@link LoginAddresses}).
 */
@Component
public class SignedInSessions implements HttpSessionListener {
    private static final String SEEN = SignedInSessions.class.getName() + ".user";
    private static final String ROLE = SignedInSessions.class.getName() + ".role";

    private final Map<UUID, Set<HttpSession>> byUser = new ConcurrentHashMap<>();
    private final UserAccountRepository accounts;
    private final LoginAddresses logins;

    SignedInSessions(UserAccountRepository accounts, LoginAddresses logins) {
        this.accounts = accounts;
        this.logins = logins;
    }

    /** Ends every browser session of this user after the current transaction commits (at once without one). */
    void end(UUID userId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    endNow(userId);
                }
            });
        } else {
            endNow(userId);
        }
    }

    private void endNow(UUID userId) {
        var sessions = byUser.remove(userId);
        if (sessions != null) {
            sessions.forEach(SignedInSessions::invalidate);
        }
    }

    /** Sessions known now (for tests and the operator's overview). */
    int count(UUID userId) {
        return byUser.getOrDefault(userId, Set.of()).size();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Object user = event.getSession().getAttribute(SEEN);
        if (user instanceof UUID id) {
            byUser.computeIfPresent(id, (k, set) -> {
                set.remove(event.getSession());
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Notes the session of each signed-in browser request. The first time, after noting it, the account is looked
     * up: a session signed in just before its account was removed or re-roled ends here instead of living on.
     */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                var session = request.getSession(false);
                var user = CurrentUser.find();
                if (session != null && user.isPresent() && !user.get().id().equals(session.getAttribute(SEEN))) {
                    UUID id = user.get().id();
                    session.setAttribute(SEEN, id);
                    session.setAttribute(ROLE, user.get().role());
                    byUser.compute(id, (k, known) -> {
                        var set = known != null ? known : ConcurrentHashMap.<HttpSession>newKeySet();
                        set.add(session);
                        return set;
                    });
                    boolean current = accounts.findById(id)
                            .filter(a -> a.isEnabled()
                                    && a.toCurrentUser().role() == user.get().role())
                            .isPresent();
                    if (!current) {
                        endNow(id);
                        SecurityContextHolder.clearContext();
                    } else {
                        logins.signedIn(
                                user.get(), IpText.shortForm(request.getRemoteAddr()), Locales.forServlet(request));
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * Every few seconds, the sessions known here whose account another portal node removed, disabled or re-roled
     * end too (this node's own changes end them at once).
     */
    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void sweep() {
        if (byUser.isEmpty()) {
            return;
        }
        var current = new HashMap<UUID, Role>();
        accounts.findAllById(byUser.keySet()).stream()
                .filter(UserAccountEntity::isEnabled)
                .map(UserAccountEntity::toCurrentUser)
                .forEach(u -> current.put(u.id(), u.role()));
        var ending = new ArrayList<HttpSession>();
        for (UUID id : byUser.keySet()) {
            byUser.computeIfPresent(id, (k, sessions) -> {
                sessions.removeIf(session -> {
                    try {
                        if (session.getAttribute(ROLE) == current.get(id)) {
                            return false;
                        }
                    } catch (IllegalStateException ended) {
                        return true;
                    }
                    ending.add(session);
                    return true;
                });
                return sessions.isEmpty() ? null : sessions;
            });
        }
        // outside the map's lock: invalidating calls sessionDestroyed, which updates the map
        ending.forEach(SignedInSessions::invalidate);
    }

    private static void invalidate(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            // ended meanwhile (timeout, sign-out)
        }
    }
}
