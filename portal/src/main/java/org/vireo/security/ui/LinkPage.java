package org.vireo.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;

/** A page a mailed link leads to (outside the signed-in layout): the brand, then what it makes of the token. */
abstract class LinkPage extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    LinkPage(String id) {
        setId(id);
        setAlignItems(Alignment.CENTER);
    }

    @Override
    public final void beforeEnter(BeforeEnterEvent event) {
        String token = event.getLocation()
                .getQueryParameters()
                .getSingleParameter("token")
                .orElse(null);
        removeAll();
        var brand = new H1("Vireo");
        brand.addClassName("vireo-brand");
        add(brand);
        show(token);
    }

    /** Adds the page's content for the link's token (null when the link has none). */
    abstract void show(String token);
}
