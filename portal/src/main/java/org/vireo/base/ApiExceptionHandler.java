package org.vireo.base;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns exceptions of REST calls into {@code application/problem+json} with a localized {@code detail} (from
 * {@code Accept-Language}). Never a stack trace; unexpected errors are logged here and answered with a plain 500.
 * This is the only advice: features say how their exceptions map by extending the exceptions of this package
 * ({@link ConflictException} with a problem type, {@link UnavailableException}), so the mapping does not depend
 * on the order in which beans happen to be found (which differs between the build's classes and the packaged jar).
 * It applies to every handler, Spring's own too: an unknown {@code /api/} path reaches the resource handler and is a
 * JSON 404 here instead of a redirect to the sign-in page.
 */
@RestControllerAdvice
public class ApiExceptionHandler {
    /** When a client may try again after a 503 for a platform that does not answer. */
    static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "30";

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final Messages messages;

    public ApiExceptionHandler(Messages messages) {
        this.messages = messages;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e, Locale locale) {
        var p = Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                messages.get("problem.invalid-input", locale),
                e.field() + ": " + messages.get(e.messageKey(), locale, e.args()));
        p.setProperty("field", e.field());
        return p;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e, Locale locale) {
        return Problems.of(
                HttpStatus.NOT_FOUND,
                "not-found",
                messages.get("problem.not-found", locale),
                messages.get("problem.not-found.detail", locale));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail unknownPath(Exception e, Locale locale) {
        return notFound(new NotFoundException("resource"), locale);
    }

    /**
     * A path id that is not one (an UUID that is no UUID) names nothing: 404; a query parameter of the wrong type: 400.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e, Locale locale) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return notFound(new NotFoundException("resource"), locale);
        }
        return invalid(new InvalidInputException(e.getName(), "problem.wrong-type"), locale);
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e, Locale locale) {
        var p = Problems.of(
                HttpStatus.CONFLICT,
                e.type(),
                messages.get("problem." + e.type(), locale),
                messages.get(e.messageKey(), locale, e.args()));
        e.properties().forEach(p::setProperty);
        return p;
    }

    @ExceptionHandler(UnavailableException.class)
    ProblemDetail unavailable(UnavailableException e, Locale locale, HttpServletResponse response) {
        response.setHeader("Retry-After", UNAVAILABLE_RETRY_AFTER_SECONDS);
        return Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                e.type(),
                messages.get("problem." + e.type(), locale),
                messages.get(e.messageKey(), locale));
    }

    /** The underlying system's reason only for operators: it may name hosts, URIs and paths. */
    @ExceptionHandler(OperationFailedException.class)
    ProblemDetail failed(OperationFailedException e, Locale locale) {
        log.warn("operation failed: {}", e.getMessage());
        return Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "operation-failed",
                messages.get("problem.operation-failed", locale),
                ErrorTexts.failure(messages, e, locale));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e, Locale locale) {
        return Problems.of(
                HttpStatus.FORBIDDEN,
                "forbidden",
                messages.get("problem.forbidden", locale),
                messages.get(e instanceof RefusedException r ? r.messageKey() : "problem.forbidden.detail", locale));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, Locale locale) {
        String field = null;
        if (e.getCause() instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
            field = jm.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        String why = e.getCause() instanceof InvalidFormatException || e.getCause() instanceof MismatchedInputException
                ? "problem.wrong-type"
                : "problem.unreadable";
        var p = Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                messages.get("problem.invalid-input", locale),
                (field == null ? "" : field + ": ") + messages.get(why, locale));
        if (field != null) {
            p.setProperty("field", field);
        }
        return p;
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method(HttpRequestMethodNotSupportedException e, Locale locale) {
        return Problems.of(
                HttpStatus.METHOD_NOT_ALLOWED,
                "method-not-allowed",
                messages.get("problem.method-not-allowed", locale),
                e.getMethod());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e, Locale locale) {
        return Problems.of(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                messages.get("problem.unsupported-media-type", locale),
                "application/json");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, Locale locale, HttpServletResponse response) {
        if (DatabaseOutage.isCause(e)) {
            log.warn("database unavailable: {}", e.toString());
            response.setHeader("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS);
            return DatabaseOutage.problem(messages, locale);
        }
        log.error("unexpected error in REST call", e);
        return Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                messages.get("problem.internal", locale),
                messages.get("problem.internal.detail", locale));
    }
}
