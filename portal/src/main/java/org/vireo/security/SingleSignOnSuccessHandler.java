package org.vireo.security;

import com.vaadin.flow.spring.security.VaadinSavedRequestAwareAuthenticationSuccessHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.IpText;

/**
 * After the provider's sign-in: the session holds what a password sign-in gives (the {@link VireoPrincipal} with its
 * role), not Spring's OAuth2 token, so every view and service sees the same user. No second factor: the provider
 * asks for its own.
 */
class SingleSignOnSuccessHandler extends VaadinSavedRequestAwareAuthenticationSuccessHandler {
    private final AuditLog audit;
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    SingleSignOnSuccessHandler(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        var principal = ((OidcAccountUserService.SignedIn) authentication.getPrincipal()).principal();
        var signedIn = UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
        signedIn.setDetails(new WebAuthenticationDetails(request));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        var user = principal.currentUser();
        audit.record(
                user.username(),
                user.tenantId(),
                "login",
                IpText.shortForm(request.getRemoteAddr()),
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                "oidc");
        super.onAuthenticationSuccess(request, response, signedIn);
    }
}
