import { twilioE2e } from "../support/apis";
import { lifecycleScenarios } from "./scenarios";

lifecycleScenarios(twilioE2e);
