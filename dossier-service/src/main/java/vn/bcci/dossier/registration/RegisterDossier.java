package vn.bcci.dossier.registration;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.ReturnMethod;

/** The registration request of docs/architecture.md ({@code POST /dossiers}), with the shape rules of docs/domain.md §4. */
public record RegisterDossier(
        @Size(max = 64) @Pattern(regexp = "^[0-9A-Z.]+-[0-9]{6}-[0-9]{4,6}$", message = "must look like {agencyCode}-{yyMMdd}-{seq}") String code,
        @NotBlank @Pattern(regexp = "^[0-9]\\.[0-9]{6}(\\.[0-9A-Z.]+)?$", message = "must be a national procedure code such as 1.001612") String procedureCode,
        @NotBlank @Pattern(regexp = vn.bcci.contracts.InputRules.AGENCY_CODE, message = vn.bcci.contracts.InputRules.AGENCY_CODE_RULE) String agencyCode,
        @NotNull Channel channel,
        @NotNull ReturnMethod returnMethod,
        @NotNull @Valid Applicant applicant,
        @Size(max = 1000) String summary,
        Instant submittedAt,
        String inboundTrackingNumber) {

    public record Applicant(
            @NotNull @Pattern(regexp = "CITIZEN|ORGANISATION", message = "must be CITIZEN or ORGANISATION") String type,
            @NotBlank @Size(max = 200) String name,
            @Pattern(regexp = "^([0-9]{12}|[0-9]{10}(-[0-9]{3})?)$", message = "must be a 12-digit citizen ID or a tax code") String idNumber,
            @Pattern(regexp = "^0[0-9]{9}$", message = "must be a Vietnamese phone number of 10 digits") String phone,
            @Size(max = 200) @jakarta.validation.constraints.Email String email,
            @Valid Address address) {
    }

    public record Address(@Size(max = 300) String line, @Size(max = 100) String ward, @Size(max = 100) String district,
            @Size(max = 100) String province) {
    }
}
