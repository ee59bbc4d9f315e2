package org.vireo.base;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with Vireo's problem types ({@code https://vireo.org/problems/<slug>}). */
public final class Problems {
    public static final String TYPE_BASE = "https://vireo.org/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + slug));
        p.setTitle(title);
        return p;
    }
}
