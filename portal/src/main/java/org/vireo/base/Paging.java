package org.vireo.base;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Pages of REST lists: {@code page} (from 0) and {@code size} (1–500, default 100) ask for one page, answered with
 * {@code X-Total-Count} and a {@code Link} header ({@code rel="next"}, {@code rel="prev"}). Without either
 * parameter a list answers as it always did: all of it, without those headers.
 */
public final class Paging {
    public static final int MAX_SIZE = 500;
    public static final int DEFAULT_SIZE = 100;

    private Paging() {}

    /** The page asked for, or empty when the request names neither {@code page} nor {@code size}. */
    public static Optional<Pageable> of(Integer page, Integer size, Sort sort) {
        if (page == null && size == null) {
            return Optional.empty();
        }
        int p = Validation.range("page", page == null ? 0 : page, 0, Integer.MAX_VALUE / MAX_SIZE);
        int s = Validation.range("size", size == null ? DEFAULT_SIZE : size, 1, MAX_SIZE);
        return Optional.of(PageRequest.of(p, s, sort));
    }

    /**
     * The list answer: a page from {@code paged} with its headers when one was asked for, else everything from
     * {@code all}.
     */
    public static <T, R> ResponseEntity<List<R>> respond(
            Integer page, Integer size, Sort sort, Function<Pageable, Page<T>> paged, Function<T, R> json) {
        var pageable = of(page, size, sort);
        if (pageable.isEmpty()) {
            return ResponseEntity.ok(
                    paged.apply(Pageable.unpaged(sort)).map(json).getContent());
        }
        var result = paged.apply(pageable.get()).map(json);
        var response = ResponseEntity.ok().header("X-Total-Count", Long.toString(result.getTotalElements()));
        var links = new ArrayList<String>();
        if (result.hasNext()) {
            links.add(link(result.getNumber() + 1, result.getSize(), "next"));
        }
        if (result.hasPrevious()) {
            links.add(link(result.getNumber() - 1, result.getSize(), "prev"));
        }
        if (!links.isEmpty()) {
            response.header("Link", String.join(", ", links));
        }
        return response.body(result.getContent());
    }

    /** As {@link #respond}, for a list that is small and complete in memory. */
    public static <T, R> ResponseEntity<List<R>> respond(Integer page, Integer size, List<T> all, Function<T, R> json) {
        return respond(page, size, Sort.unsorted(), p -> slice(all, p), json);
    }

    private static <T> Page<T> slice(List<T> all, Pageable p) {
        if (p.isUnpaged()) {
            return new PageImpl<>(all);
        }
        int from = (int) Math.min(all.size(), p.getOffset());
        return new PageImpl<>(all.subList(from, Math.min(all.size(), from + p.getPageSize())), p, all.size());
    }

    private static String link(int page, int size, String rel) {
        String url = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page)
                .replaceQueryParam("size", size)
                .build()
                .toUriString();
        return "<" + url + ">; rel=\"" + rel + "\"";
    }
}
