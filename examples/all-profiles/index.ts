import { allProfiles } from "./program";

export = allProfiles();
