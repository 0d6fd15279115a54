package club.micromining.stratum.session;

/** Hears of devices coming and going; must not block (it is called on a connection's event loop). */
public interface DeviceListener {
    DeviceListener NONE = new DeviceListener() {
        @Override
        public void connected(Authorization authorization) {
        }

        @Override
        public void disconnected(WorkerName device, long atMillis) {
        }
    };

    /** A connection authorized as this device. */
    void connected(Authorization authorization);

    /** That connection closed. */
    void disconnected(WorkerName device, long atMillis);
}
