package org.vireo.security;

import com.vaadin.flow.spring.security.VaadinSavedRequestAwareAuthenticationSuccessHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;

/** After a right password: on to the code for users with two-factor sign-in, else signed in as Vaadin does it. */
class SecondFactorSuccessHandler extends VaadinSavedRequestAwareAuthenticationSuccessHandler {
    static final String CODE_PATH = "login/code";
    private final SecondFactorLogin login;

    SecondFactorSuccessHandler(SecondFactorLogin login) {
        this.login = login;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        if (login.needed(authentication)) {
            login.park(request, response, authentication);
            response.sendRedirect(request.getContextPath() + "/" + CODE_PATH);
            return;
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
