// Stands in for the workflow row's staticData column. n8n (WorkflowStaticDataService) writes it
// only when the Workflow's ObservableObject flags a change (`__dataChanged`), and only at:
//   - the end of activation (ActiveWorkflowManager.add),
//   - every emit of a trigger/poller, before the execution starts,
//   - the end of a trigger-mode execution that changed it (workflowExecuteAfter hook).
// Deactivation does NOT save the live trigger's static data: what a trigger writes after its last
// emit (e.g. in closeFunction) is lost, and so it is here.
import type { IDataObject, Workflow } from 'n8n-workflow';

const jsonCopy = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;

export class StaticDataStore {
	private saved: IDataObject;
	private saves = 0;

	constructor(initial: IDataObject) {
		this.saved = jsonCopy(initial);
	}

	/** WorkflowStaticDataService.saveStaticData(workflow). */
	saveIfChanged(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged !== true) return;
		this.save(workflow.staticData);
		workflow.staticData.__dataChanged = false;
	}

	/** WorkflowStaticDataService.saveStaticDataById(id, data). */
	save(data: IDataObject): void {
		this.saved = jsonCopy(data);
		this.saves++;
	}

	/** What the database holds now (a copy). */
	get(): IDataObject {
		return jsonCopy(this.saved);
	}

	get saveCount(): number {
		return this.saves;
	}
}
