package io.talis.provision.ansible;

/** A playbook run that failed or ran out of time; the task is retried (provisioning is repeatable). */
public class AnsibleFailure extends Exception {

    public AnsibleFailure(String message) {
        super(message);
    }
}
