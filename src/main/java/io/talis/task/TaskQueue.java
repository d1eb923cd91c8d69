package io.talis.task;

import io.talis.engine.Dispatcher;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * Enqueues tasks inside the caller's transaction, and wakes this node's dispatcher once that
 * transaction commits (other nodes hear of the new tasks through NOTIFY, sent at the same commit).
 */
@ApplicationScoped
public class TaskQueue {

    private static final String WAKE_REGISTERED = TaskQueue.class.getName() + ".wake";

    @PersistenceContext(unitName = "talis")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @EJB
    Dispatcher dispatcher;

    @Transactional(Transactional.TxType.MANDATORY)
    public Task enqueue(Task task) {
        em.persist(task);
        wakeDispatcherAfterCommit();
        return task;
    }

    private void wakeDispatcherAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to prepare
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatcher.wake();
                }
            }
        });
    }
}
