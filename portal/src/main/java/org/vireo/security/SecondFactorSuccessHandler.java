package org.vireo.security;

import com.vaadin.flow.spring.security.VaadinSavedRequestAwareAuthenticationSuccessHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;

/**
 * After a right password: on to the code for users with two-factor sign-in, to setting it up for users who must have
 * it, else signed in as Vaadin does it.
 */
class SecondFactorSuccessHandler extends VaadinSavedRequestAwareAuthenticationSuccessHandler {
    static final String CODE_PATH = "login/code";
    static final String ENROL_PATH = "login/enrol";
    private final SecondFactorLogin login;

    SecondFactorSuccessHandler(SecondFactorLogin login) {
        this.login = login;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        switch (login.next(authentication)) {
            case CODE -> {
                login.park(request, response, authentication);
                response.sendRedirect(request.getContextPath() + "/" + CODE_PATH);
            }
            case ENROL -> {
                login.park(request, response, authentication);
                response.sendRedirect(request.getContextPath() + "/" + ENROL_PATH);
            }
            case SIGNED_IN -> super.onAuthenticationSuccess(request, response, authentication);
        }
    }
}
