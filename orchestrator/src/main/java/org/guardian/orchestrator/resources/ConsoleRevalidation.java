package org.guardian.orchestrator.resources;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The console's files are checked with the node on every use ({@code Cache-Control: no-cache}; an
 * unchanged file costs a 304 by its ETag), so a browser never runs the scripts of an older release.
 */
public final class ConsoleRevalidation implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ((HttpServletResponse) response).setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
