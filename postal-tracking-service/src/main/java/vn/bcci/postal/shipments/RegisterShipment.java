package vn.bcci.postal.shipments;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import vn.bcci.contracts.Direction;

/** {@code POST /shipments} (docs/architecture.md). */
public record RegisterShipment(
        @NotBlank String itemCode,
        @NotNull Direction direction,
        @Size(max = 64) @Pattern(regexp = "^[0-9A-Z]{3}(\\.[0-9A-Z]{2,3}){3}-[0-9A-Za-z.-]{1,40}$", message = "must be a dossier code that starts with its agency code, such as 000.00.01.H22-261122-0042") String dossierCode,
        @Pattern(regexp = vn.bcci.contracts.InputRules.AGENCY_CODE, message = vn.bcci.contracts.InputRules.AGENCY_CODE_RULE) String agencyCode,
        @Size(max = 64) @Pattern(regexp = "^[0-9]\\.[0-9]{6}(\\.[0-9A-Z.]+)?$", message = "must be a national procedure code such as 1.001612") String procedureCode,
        @Valid Party sender,
        @Valid Party receiver,
        @PositiveOrZero Long codAmount,
        @PositiveOrZero Long fees) {

    public record Party(@Size(max = 200) String name,
            @Pattern(regexp = "^0[0-9]{9}$", message = "must be a Vietnamese phone number of 10 digits") String phone,
            @Size(max = 300) String address, @Size(max = 100) String province) {
    }
}
