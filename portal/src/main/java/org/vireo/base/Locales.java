package org.vireo.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The UI's two languages. A user's choice is kept in the session and a cookie; without one, the browser's
 * Accept-Language decides, and English is the fallback.
 */
public final class Locales {
    public static final Locale GERMAN = Locale.GERMAN;
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(GERMAN, ENGLISH);
    static final String COOKIE = "vireo-locale";
    private static final String SESSION_KEY = Locales.class.getName();

    private Locales() {}

    /** The supported locale with the same language, or English. */
    public static Locale supported(Locale requested) {
        if (requested != null) {
            for (var l : SUPPORTED) {
                if (l.getLanguage().equals(requested.getLanguage())) {
                    return l;
                }
            }
        }
        return ENGLISH;
    }

    static Locale forRequest(VaadinSession session, VaadinRequest request) {
        if (session != null && session.getAttribute(SESSION_KEY) instanceof Locale chosen) {
            return chosen;
        }
        return request == null ? ENGLISH : chosenOrAccepted(request.getCookies(), requestLocales(request));
    }

    /** The same for a plain servlet request outside Vaadin: the language chosen (its cookie), else the browser's. */
    public static Locale forServlet(HttpServletRequest request) {
        return chosenOrAccepted(request.getCookies(), request.getLocales());
    }

    /** The language in the cookie, else the first supported one the browser accepts, else English. */
    private static Locale chosenOrAccepted(Cookie[] cookies, Enumeration<Locale> accepted) {
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return supported(Locale.forLanguageTag(c.getValue()));
                }
            }
        }
        for (Locale l : Collections.list(accepted)) {
            for (var s : SUPPORTED) {
                if (s.getLanguage().equals(l.getLanguage())) {
                    return s;
                }
            }
        }
        return ENGLISH;
    }

    private static Enumeration<Locale> requestLocales(VaadinRequest request) {
        return request instanceof VaadinServletRequest r
                ? r.getLocales()
                : Collections.enumeration(List.of(request.getLocale()));
    }

    /** Switches the current user's language and reloads the page in it. */
    public static void choose(Locale locale) {
        var chosen = supported(locale);
        var session = VaadinSession.getCurrent();
        session.setAttribute(SESSION_KEY, chosen);
        session.setLocale(chosen);
        var response = VaadinService.getCurrentResponse();
        if (response != null) {
            var cookie = new Cookie(COOKIE, chosen.toLanguageTag());
            cookie.setPath("/");
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setHttpOnly(true);
            response.addCookie(cookie);
        }
        UI.getCurrent().setLocale(chosen);
        UI.getCurrent().getPage().reload();
    }
}
