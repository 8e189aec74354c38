// The cluster (operator only): the nodes sharing the database, the sessions each drives, and
// the levers: rebalance now, drain a node before taking it down.

import { apiEnvelope, api } from "../api.js";
import { busy, button, formatTime, h, replace } from "../dom.js";
import { confirmDialog, toast, toastError } from "../ui.js";
import { loadingInto, pageHead, table } from "./common.js";

export function mount() {
  const summary = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading the cluster…"));
  const nodesBody = h("div", {});
  const rebalance = button("Rebalance now", (e) => doRebalance(e.currentTarget), { class: "btn", disabled: true });
  const el = h("section", { class: "page" }, pageHead("Cluster", rebalance), summary, h("section", { class: "section", "aria-labelledby": "nodes-title" }, h("h2", { id: "nodes-title" }, "Nodes"), nodesBody));

  async function refresh() {
    const c = await api("/api/cluster");
    const clustered = c.mode === "cluster";
    rebalance.disabled = !clustered;
    const fact = (label, value) => [h("dt", {}, label), h("dd", {}, value)];
    replace(
      summary,
      h(
        "dl",
        { class: "facts" },
        fact("Mode", clustered ? "Cluster (PostgreSQL)" : "Single node"),
        fact("This node", h("span", { class: "mono" }, c.nodeId)),
        fact("Lease", `${c.leaseSeconds} s: a node silent for longer is taken over`),
        fact("Rate limits", c.rateLimits === "cluster" ? "Shared through Redis" : "Counted by each node"),
        clustered ? fact("Sessions without a node", String(c.unownedSessions)) : null,
      ),
      clustered
        ? null
        : h("p", { class: "notice" }, "This gateway runs alone (SQLite). Several nodes share the work on one PostgreSQL database: give each INBOXHUB_DATABASE_URL and INBOXHUB_NODE_ID (docs/cluster.md)."),
    );
    const rows = c.nodes.map((n) =>
      h(
        "tr",
        { dataset: { nodeId: n.nodeId } },
        h("td", {}, h("strong", { class: "mono" }, n.nodeId), n.thisNode ? h("span", { class: "muted" }, " (this node)") : null, h("div", { class: "muted mono" }, n.url)),
        h("td", {}, n.alive ? h("span", { class: "badge", "data-status": "connected" }, n.draining ? "Draining" : "Alive") : h("span", { class: "badge", "data-status": "failed" }, "Lost")),
        h("td", {}, String(n.sessions)),
        h("td", {}, `${n.leaseAgeSeconds.toFixed(1)} s ago`, h("div", { class: "muted" }, `since ${formatTime(n.startedAt)}`)),
        h("td", {}, n.version),
        h("td", {}, n.draining ? null : button("Drain", (e) => drain(e.currentTarget, n), { class: "btn btn-small btn-danger" })),
      ),
    );
    replace(nodesBody, table("Nodes", ["Node", "State", "Sessions", "Last seen", "Version", ""], rows, "No nodes: a single gateway has no node table."));
  }

  async function doRebalance(btn) {
    try {
      const envelope = await busy(btn, () => apiEnvelope("/api/cluster/rebalance", { method: "POST" }));
      toast(`Rebalancing: ${envelope.data.moving} session(s) moving, ${envelope.data.placed} placed`);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  async function drain(btn, n) {
    const yes = await confirmDialog({
      title: `Drain ${n.nodeId}?`,
      text: "Its sessions move to the other nodes, a few per minute; it takes none until it restarts. Do this before stopping it.",
      confirm: "Drain",
      danger: true,
    });
    if (!yes) return;
    try {
      await busy(btn, () => api(`/api/cluster/nodes/${encodeURIComponent(n.nodeId)}/drain`, { method: "POST" }));
      toast(`${n.nodeId} is handing its sessions over`);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  loadingInto(summary, refresh());
  return { el, title: "Cluster", poll: refresh, pollEvery: 5000 };
}
