package org.guardian.orchestrator.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;

/** Makes the caller's address visible to Jersey filters as a request property. */
public final class ClientAddressFilter implements Filter {
    public static final String ATTRIBUTE = "org.guardian.orchestrator.clientAddress";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(ATTRIBUTE, request.getRemoteAddr());
        chain.doFilter(request, response);
    }
}
