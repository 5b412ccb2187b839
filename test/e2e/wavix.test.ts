import { wavixE2e } from "../support/apis";
import { lifecycleScenarios } from "./scenarios";

lifecycleScenarios(wavixE2e);
