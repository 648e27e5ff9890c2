package vn.bcci.contracts;

/**
 * CloudEvents {@code type} values. A breaking change to a payload is a new type version, never an edit of an existing
 * one.
 */
public final class EventTypes {
    public static final String DOSSIER_REGISTERED = "vn.bcci.dossier.registered.v1";
    public static final String DOSSIER_STATUS_CHANGED = "vn.bcci.dossier.status-changed.v1";
    /** An apology slip re-dated the dossier; its status did not change. */
    public static final String DOSSIER_DUE_DATE_CHANGED = "vn.bcci.dossier.due-date-changed.v1";
    /**
     * A postal event of the dossier's items that changes no status (its {@code postalStep}): every one, in the order
     * dossier-service applied them, with what it meant (handover to the agency, a failed delivery).
     */
    public static final String DOSSIER_POSTAL_NOTED = "vn.bcci.dossier.postal-noted.v1";
    public static final String SHIPMENT_REGISTERED = "vn.bcci.shipment.registered.v1";
    public static final String SHIPMENT_EVENT_RECORDED = "vn.bcci.shipment.event-recorded.v1";
    /** The item has had no event for too long, or passed its delivery target undelivered. */
    public static final String SHIPMENT_FLAGGED = "vn.bcci.shipment.flagged.v1";
    public static final String PROCEDURE_PUBLISHED = "vn.bcci.portal.procedure-published.v1";
    public static final String PORTAL_SYNC_OUTCOME = "vn.bcci.portal.sync-outcome.v1";
    public static final String CLIENT_LIMITED = "vn.bcci.platform.client-limited.v1";

    private EventTypes() {
    }
}
