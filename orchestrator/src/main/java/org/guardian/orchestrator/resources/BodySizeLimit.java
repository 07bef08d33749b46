package org.guardian.orchestrator.resources;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses request bodies over {@link #MAX_BYTES} with 413, whether or not they declare a length. */
public final class BodySizeLimit implements ReaderInterceptor {
    public static final int MAX_BYTES = 64 * 1024;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String declared = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_BYTES) {
            throw tooLarge();
        }
        context.setInputStream(new Limited(context.getInputStream()));
        return context.proceed();
    }

    private static WebApplicationException tooLarge() {
        return new WebApplicationException("Request body is larger than " + MAX_BYTES + " bytes",
                Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw tooLarge();
            }
        }
    }
}
