package org.vireo.base;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns exceptions of REST calls into {@code application/problem+json} with a localized {@code detail} (from
 * {@code Accept-Language}). Never a stack trace; unexpected errors are logged here and answered with a plain 500.
 */
@RestControllerAdvice(basePackages = "org.vireo")
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final Messages messages;

    public ApiExceptionHandler(Messages messages) {
        this.messages = messages;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e, Locale locale) {
        var p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", messages.get("problem.invalid-input", locale),
                e.field() + ": " + messages.get(e.messageKey(), locale, e.args()));
        p.setProperty("field", e.field());
        return p;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e, Locale locale) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", messages.get("problem.not-found", locale),
                messages.get("problem.not-found.detail", locale));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, NoResourceFoundException.class})
    ProblemDetail unknownPath(Exception e, Locale locale) {
        return notFound(new NotFoundException("resource"), locale);
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e, Locale locale) {
        return Problems.of(HttpStatus.CONFLICT, "conflict", messages.get("problem.conflict", locale),
                messages.get(e.messageKey(), locale, e.args()));
    }

    @ExceptionHandler(OperationFailedException.class)
    ProblemDetail failed(OperationFailedException e, Locale locale) {
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "operation-failed",
                messages.get("problem.operation-failed", locale), messages.get(e.messageKey(), locale, e.reason()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e, Locale locale) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", messages.get("problem.forbidden", locale),
                messages.get("problem.forbidden.detail", locale));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, Locale locale) {
        String field = null;
        if (e.getCause() instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
            field = jm.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        String why = e.getCause() instanceof InvalidFormatException || e.getCause() instanceof MismatchedInputException
                ? "problem.wrong-type" : "problem.unreadable";
        var p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", messages.get("problem.invalid-input", locale),
                (field == null ? "" : field + ": ") + messages.get(why, locale));
        if (field != null) {
            p.setProperty("field", field);
        }
        return p;
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method(HttpRequestMethodNotSupportedException e, Locale locale) {
        return Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                messages.get("problem.method-not-allowed", locale), e.getMethod());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e, Locale locale) {
        return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                messages.get("problem.unsupported-media-type", locale), "application/json");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, Locale locale, jakarta.servlet.http.HttpServletResponse response) {
        if (DatabaseOutage.isCause(e)) {
            log.warn("database unavailable: {}", e.toString());
            response.setHeader("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS);
            return DatabaseOutage.problem(messages, locale);
        }
        log.error("unexpected error in REST call", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", messages.get("problem.internal", locale),
                messages.get("problem.internal.detail", locale));
    }
}
