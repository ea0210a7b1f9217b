/** UI state of training: whether the launch panel is open. */
import { create } from "zustand";

interface TrainingState {
  launchOpen: boolean;
  setLaunchOpen(open: boolean): void;
}

export const useTrainingStore = create<TrainingState>()((set) => ({
  launchOpen: false,
  setLaunchOpen: (launchOpen) => set({ launchOpen }),
}));
