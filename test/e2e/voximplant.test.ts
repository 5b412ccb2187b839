import { voximplantE2e } from "../support/apis";
import { lifecycleScenarios } from "./scenarios";

lifecycleScenarios(voximplantE2e);
