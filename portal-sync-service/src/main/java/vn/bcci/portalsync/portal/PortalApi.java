package vn.bcci.portalsync.portal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/** The two endpoints of docs/portal-api.md. Answers are read raw: status codes and headers matter. */
@RegisterRestClient(configKey = "portal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface PortalApi {
    @POST
    @Path("/login")
    Response login(@HeaderParam("dstcode") String dstCode, JsonNode body);

    @POST
    @Path("/service")
    Response service(@HeaderParam("dstcode") String dstCode, JsonNode body);
}
