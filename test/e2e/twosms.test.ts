import { twosmsE2e } from "../support/apis";
import { lifecycleScenarios } from "./scenarios";

lifecycleScenarios(twosmsE2e);
