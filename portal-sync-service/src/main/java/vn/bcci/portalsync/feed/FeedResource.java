package vn.bcci.portalsync.feed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import vn.bcci.portalsync.ApiExamples;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.quota.QuotaGate;
import vn.bcci.support.security.Caller;

/**
 * The operators' change feed: every dossier status change, postal milestone and sync outcome with a gap-free sequence
 * number. {@code GET /feed?after=&limit=&agency=} pages by sequence number; {@code GET /feed/stream} is the same as
 * Server-Sent Events ({@code id} = sequence number), resumable with {@code Last-Event-ID}. An agency reads only its own
 * entries.
 */
@Path("/api/v1/feed")
@Quota(Door.FEED)
public class FeedResource {
    private final OperatorFeed feed;
    private final Caller caller;
    private final QuotaGate quota;
    private final Duration poll;

    public FeedResource(OperatorFeed feed, Caller caller, FeedConfig config, QuotaGate quota) {
        this.feed = feed;
        this.caller = caller;
        this.quota = quota;
        this.poll = config.stream().poll();
    }

    public record FeedPage(List<OperatorFeed.Entry> entries, long last) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "The change feed, by sequence number", description = """
            Entries after `after` (0 for the beginning), oldest first; `last` is the cursor for the next call. \
            `newest=true`: the newest `limit` entries instead (what a screen shows before it follows the stream from \
            `last`).""")
    @APIResponse(responseCode = "200", description = "entries after `after`, in sequence order", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = ApiExamples.FEED_PAGE)))
    @APIResponse(responseCode = "400", description = "after or limit is not one the feed takes", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad after", value = ApiExamples.BAD_AFTER)))
    public FeedPage page(@QueryParam("after") String after, @QueryParam("limit") String limit,
            @QueryParam("agency") String agency, @QueryParam("newest") String newest) {
        if (Boolean.TRUE.equals(QueryParams.bool("newest", newest))) {
            List<OperatorFeed.Entry> entries = feed.newest(QueryParams.limit(limit, 100, 1000), caller.scope(agency));
            return new FeedPage(entries,
                    entries.isEmpty() ? feed.lastSequence() : entries.get(entries.size() - 1).seq());
        }
        long from = sequence("after", after);
        List<OperatorFeed.Entry> entries = feed.after(from, QueryParams.limit(limit, 100, 1000), caller.scope(agency));
        return new FeedPage(entries, entries.isEmpty() ? from : entries.get(entries.size() - 1).seq());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "The change feed as Server-Sent Events", description = """
            Resumes after `Last-Event-ID` (or `after`); each event's id is its sequence number and its name its kind. \
            A client holds at most `bcci.quota.streams-per-client` streams open on one instance (4 by default); one \
            more is answered 429.""")
    @APIResponse(responseCode = "200", description = "an entry per event, as they are recorded", content = @Content(mediaType = "text/event-stream", examples = @ExampleObject(name = "events", value = ApiExamples.FEED_STREAM)))
    @APIResponse(responseCode = "400", description = "Last-Event-ID or after is not a sequence number", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad after", value = ApiExamples.BAD_AFTER)))
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") String after, @QueryParam("agency") String agency, @Context Sse sse) {
        AtomicLong cursor = new AtomicLong(lastEventId != null && !lastEventId.isBlank()
                ? sequence("Last-Event-ID", lastEventId)
                : sequence("after", after));
        String scope = caller.scope(agency);
        Runnable close = quota.openStream();
        return Multi.createFrom().ticks().every(poll)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToIterable(tick -> {
                    List<OperatorFeed.Entry> entries = feed.after(cursor.get(), 500, scope);
                    if (!entries.isEmpty()) {
                        cursor.set(entries.get(entries.size() - 1).seq());
                    }
                    return entries;
                })
                .map(e -> sse.newEventBuilder().id(Long.toString(e.seq())).name(e.kind().name())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(OperatorFeed.Entry.class, e).build())
                .onSubscription().invoke(feed::subscribed)
                .onTermination().invoke(() -> {
                    feed.unsubscribed();
                    close.run();
                });
    }

    private static long sequence(String name, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid(name, "must be a sequence number, 0 or more");
    }
}
