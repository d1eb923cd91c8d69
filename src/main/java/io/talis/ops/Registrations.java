package io.talis.ops;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Registering Talis's MBeans with the platform MBean server (which remote JMX connectors expose). */
final class Registrations {

    private static final Logger LOG = Logger.getLogger(Registrations.class.getName());
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private Registrations() {
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an MBean name: " + name, e);
        }
    }

    /** Registers the bean, replacing one a previous deployment of the application may have left. */
    static void register(Object bean, ObjectName name) {
        try {
            if (SERVER.isRegistered(name)) {
                SERVER.unregisterMBean(name);
            }
            SERVER.registerMBean(bean, name);
        } catch (JMException e) {
            throw new IllegalStateException("could not register MBean " + name, e);
        }
    }

    static void unregister(ObjectName name) {
        try {
            SERVER.unregisterMBean(name);
        } catch (InstanceNotFoundException alreadyGone) {
            // nothing to do
        } catch (JMException e) {
            LOG.log(Level.WARNING, "could not unregister MBean " + name, e);
        }
    }
}
