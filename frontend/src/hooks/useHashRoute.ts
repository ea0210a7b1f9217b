import { useEffect } from "react";
import { openNetwork } from "../store/document";
import { useSessionStore } from "../store/sessionStore";

const ROUTE = /^#\/networks\/(\d+)$/;

/** `#/networks/{id}` names the open network: a reload or a pasted link reopens it. */
export function useHashRoute(): void {
  useEffect(() => {
    const follow = () => {
      const match = ROUTE.exec(window.location.hash);
      if (!match) return;
      const id = Number(match[1]);
      if (useSessionStore.getState().networkId !== id) void openNetwork(id);
    };
    follow();
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
}
