package io.skylane.topology;

/** The current network as an immutable snapshot, and its changes. */
public interface TopologyService {

    /** The latest published snapshot; never null. */
    TopologySnapshot current();

    void addListener(TopologyListener listener);

    void removeListener(TopologyListener listener);
}
