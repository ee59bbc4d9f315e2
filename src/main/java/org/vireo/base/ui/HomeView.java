package org.vireo.base.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

/** Start page after login. */
@Route("")
@PermitAll
@Menu(order = 0, title = "nav.home", icon = "vaadin:home")
class HomeView extends VerticalLayout implements HasDynamicTitle {

    HomeView(AuthenticationContext auth) {
        setId("home-view");
        var heading = new H2(getTranslation("home.title"));
        heading.setId("home-title");
        String name = auth.getPrincipalName().orElse("");
        String roleKey = auth.hasRole("ADMIN") ? "role.ADMIN"
                : auth.hasRole("TENANT_ADMIN") ? "role.TENANT_ADMIN" : "role.MEMBER";
        var who = new Paragraph(getTranslation("home.signed-in-as", name, getTranslation(roleKey)));
        who.setId("home-user");
        add(heading, who, new Paragraph(getTranslation("home.intro")));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("home.title") + " · Vireo";
    }
}
