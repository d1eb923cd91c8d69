package io.talis.instance;

import io.talis.common.Rejected;
import io.talis.webhook.WebhookSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The rules a create or terminate request must follow: the Bean Validation constraints of its
 * fields, then the rules that involve the provider or several fields. All problems of a request
 * are reported at once, each naming its field, and nothing is written when there is one.
 */
@ApplicationScoped
public class InstanceRequestRules {

    @Inject
    Validator validator;

    @Inject
    WebhookSettings webhooks;

    void check(List<InstanceRequest> requests, Set<String> knownProviders, int maxInstances) {
        if (requests == null || requests.isEmpty()) {
            throw Rejected.invalid("at least one instance request is required");
        }
        List<String> problems = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < requests.size(); i++) {
            InstanceRequest request = requests.get(i);
            String where = requests.size() == 1 ? "" : "request " + i + ": ";
            if (request == null) {
                problems.add(where + "must be an object");
                continue;
            }
            constraintProblems(request, where, problems);
            providerProblems(request, knownProviders, where, problems);
            webhooks.problem(request.webhookUrl()).ifPresent(problem -> problems.add(where + problem));
            total += request.count();
        }
        if (total > maxInstances) {
            problems.add("a request may create at most " + maxInstances + " instances (TALIS_MAX_INSTANCES_PER_REQUEST), this one asks for " + total);
        }
        if (!problems.isEmpty()) {
            throw Rejected.invalid(String.join("; ", problems));
        }
    }

    void check(TerminateRequest request) {
        if (request == null) {
            throw Rejected.invalid("the body must be {\"project_name\": ..., \"instance_ids\": [...]}");
        }
        List<String> problems = new ArrayList<>();
        constraintProblems(request, "", problems);
        if (request.instanceIds() != null && request.instanceIds().stream().anyMatch(id -> id == null || id <= 0)) {
            problems.add("instance_ids must be positive numbers");
        }
        webhooks.problem(request.webhookUrl()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw Rejected.invalid(String.join("; ", problems));
        }
    }

    private <T> void constraintProblems(T request, String where, List<String> problems) {
        validator.validate(request).stream()
                .sorted(Comparator.comparing((ConstraintViolation<T> violation) -> violation.getPropertyPath().toString()))
                .forEach(violation -> problems.add(where + violation.getMessage()));
    }

    private static void providerProblems(InstanceRequest request, Set<String> knownProviders, String where, List<String> problems) {
        for (String tag : request.tagList()) {
            if (tag == null || tag.isBlank() || tag.length() > 255) {
                problems.add(where + "tags must be non-blank and at most 255 characters");
                break;
            }
        }
        if (request.provider() != null && !request.provider().isBlank() && !knownProviders.contains(request.provider())) {
            problems.add(where + "unsupported provider: " + request.provider() + "; supported providers are " + knownProviders);
        }
        boolean hasSize = request.size() != null && !request.size().isBlank();
        if (!hasSize && (positive(request.memory()) == 0 || positive(request.cpu()) == 0)) {
            problems.add(where + "either size, or both memory and cpu, must be provided");
        }
        if ("ximera".equals(request.provider())) {
            ximeraProblems(request, where, problems);
        }
        List<VolumeRequest> volumes = request.volumes() == null ? List.of() : request.volumes();
        for (int v = 0; v < volumes.size(); v++) {
            VolumeRequest volume = volumes.get(v);
            if (volume != null && volume.region() != null && !volume.region().isBlank()
                    && !volume.region().equals(request.region())) {
                problems.add(where + "invalid volume configuration at index " + v + ": volume region " + volume.region()
                        + " does not match instance region " + request.region());
            }
        }
        if ((request.payloadPath() != null && !request.payloadPath().isBlank()) || Boolean.TRUE.equals(request.executePayload())) {
            problems.add(where + "payload_path and execute_payload are not supported by this service");
        }
    }

    private static void ximeraProblems(InstanceRequest request, String where, List<String> problems) {
        if (positive(request.memory()) == 0) {
            problems.add(where + "memory is required and must be > 0 for Ximera");
        }
        if (positive(request.cpu()) == 0) {
            problems.add(where + "cpu is required and must be > 0 for Ximera");
        }
        if (request.image() != null && !request.image().matches("\\d+")) {
            problems.add(where + "image (osID) must be a valid integer for Ximera, got '" + request.image() + "'");
        }
        if (request.volumes() != null && request.volumes().size() != 1) {
            problems.add(where + "Ximera instances take exactly one volume, got " + request.volumes().size());
        }
    }

    private static int positive(Integer value) {
        return value == null || value < 0 ? 0 : value;
    }
}
