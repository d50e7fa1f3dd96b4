package io.meridian.server.http;

import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * A request served by Jetty alone (a worker's hot route, see {@link HotRoutes}): the path parameters were taken
 * from the path by {@link HotRoutes}, everything else is Jetty's own request and response.
 */
final class JettyCall implements Call {
    private final Request request;
    private final Response response;
    private final String template;
    private final Map<String, String> pathParams;
    private Fields query;

    JettyCall(Request request, Response response, String template, Map<String, String> pathParams) {
        this.request = request;
        this.response = response;
        this.template = template;
        this.pathParams = pathParams;
    }

    @Override
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route " + template + " has no path parameter '" + name + "'");
        }
        return value;
    }

    @Override
    public String queryParam(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValue(name);
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public String responseHeader(String name) {
        return response.getHeaders().get(name);
    }

    @Override
    public String path() {
        return request.getHttpURI().getPath();
    }

    @Override
    public Request jettyRequest() {
        return request;
    }

    @Override
    public void status(int code) {
        response.setStatus(code);
    }

    @Override
    public void contentType(String type) {
        response.getHeaders().put(new HttpField(HttpHeader.CONTENT_TYPE, type));
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String routeTemplate() {
        return template;
    }

    Response response() {
        return response;
    }
}
